import { Navigate } from 'react-router';
import { useCurrentUser } from '../../modules/auth/hooks/use-session';
import { homeOf } from './nav-items';

export function HomeRedirect() {
  const me = useCurrentUser();
  return <Navigate to={homeOf(me.role)} replace />;
}
