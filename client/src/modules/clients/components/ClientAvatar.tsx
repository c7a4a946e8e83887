export type ClientAvatarProps = { name: string; size?: 'md' | 'lg' };

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

/** A client's initials in a circle. */
export function ClientAvatar({ name, size = 'lg' }: ClientAvatarProps) {
  return (
    <div className={`avatar ${size === 'md' ? 'avatar-md' : ''}`} aria-hidden="true">
      {initialsOf(name)}
    </div>
  );
}
