import type { DirectoryEntry } from '../../users/api/user.types';
import type { Team } from '../../teams/api/teams.api';

export type PeopleOptionsProps = {
  users: readonly DirectoryEntry[];
  teams: readonly Team[];
  /** Left out of the list (e.g. the current assignee). */
  exclude?: readonly (number | null)[];
  supervisorsLabel: string;
  noTeamLabel: string;
};

/**
 * The <option>s for choosing who takes callbacks: active operators grouped by team, then the supervisors.
 * Goes inside a <select>; the placeholder and any extra options are the caller's.
 */
export function PeopleOptions({ users, teams, exclude = [], supervisorsLabel, noTeamLabel }: PeopleOptionsProps) {
  const available = users.filter((u) => u.active && !exclude.includes(u.id));
  const operators = available.filter((u) => u.role === 'operator');
  const supervisors = available.filter((u) => u.role === 'supervisor');
  const groups = [
    ...teams.map((team) => ({ key: `team-${team.id}`, label: team.name, people: operators.filter((u) => u.teamId === team.id) })),
    { key: 'no-team', label: noTeamLabel, people: operators.filter((u) => u.teamId === null || !teams.some((team) => team.id === u.teamId)) },
    { key: 'supervisors', label: supervisorsLabel, people: supervisors },
  ].filter((g) => g.people.length > 0);
  return (
    <>
      {groups.map((g) => (
        <optgroup key={g.key} label={g.label}>
          {g.people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.extension ? `${u.name} (${u.extension})` : u.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
