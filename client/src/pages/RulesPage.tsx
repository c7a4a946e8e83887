import { PlaceholderPage } from './PlaceholderPage';

export function RulesPage() {
  return <PlaceholderPage title="placeholder.rules.title" text="placeholder.rules.text" />;
}
