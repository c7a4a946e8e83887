import { PlaceholderPage } from './PlaceholderPage';

export function OperatorConsolePage() {
  return <PlaceholderPage title="placeholder.console.title" text="placeholder.console.text" />;
}
