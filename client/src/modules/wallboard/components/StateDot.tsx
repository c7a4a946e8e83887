import type { AgentState } from '../../users/api/user.types';

export type StateDotProps = { state: AgentState };

export function StateDot({ state }: StateDotProps) {
  return <span className={`wb-dot wb-dot-${state}`} aria-hidden="true" />;
}
