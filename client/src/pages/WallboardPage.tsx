import { PlaceholderPage } from './PlaceholderPage';

export function WallboardPage() {
  return <PlaceholderPage title="placeholder.wallboard.title" text="placeholder.wallboard.text" />;
}
