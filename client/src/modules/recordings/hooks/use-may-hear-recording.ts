import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';

/**
 * Whether the signed-in user gets a player on a call: it has a recording, and it is theirs (operators)
 * or they may be let to hear it (supervisors and above; the server decides on the team).
 */
export function useMayHearRecording(): (call: { operatorId: number | null; hasRecording: boolean }) => boolean {
  const me = useCurrentUser();
  return (call) => call.hasRecording && (hasRole(me.role, 'supervisor') || call.operatorId === me.id);
}
