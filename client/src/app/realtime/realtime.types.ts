/**
 * The Socket.IO contract, as the server defines it: type-only, so it is erased from the bundle and the
 * client and the server cannot drift apart.
 */
export type { AckResult, AgentStateUpdate, CallbackReassigned, CallUpdate, ClientToServerEvents, PopCallback, PopOrganization, PopPerson, ScreenPop, ServerToClientEvents } from '../../../../server/realtime/realtime.events';
