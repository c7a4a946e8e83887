import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import type { UsersService } from './users.service';
import { createUserSchema, listUsersQuery, updateUserSchema } from './users.schemas';

export function usersRoutes(users: UsersService): Router {
  const r = Router();
  // Everyone may see who is who (names on calls, notes, owners); logins and states stay with supervisors.
  r.get('/users/directory', async (_req, res) => {
    res.json(await users.directory());
  });
  r.get('/users', requireRole('supervisor'), async (req, res) => {
    res.json(await users.list(parseQuery(listUsersQuery, req)));
  });
  r.get('/users/:id', requireRole('supervisor'), async (req, res) => {
    res.json(await users.get(idParam(req)));
  });
  r.post('/users', requireRole('manager'), async (req, res) => {
    res.status(201).json(await users.create(actorOf(req), parseBody(createUserSchema, req)));
  });
  r.patch('/users/:id', async (req, res) => {
    // Anyone may change their own name, locale or password; the service checks the rest against the role.
    res.json(await users.update(actorOf(req), idParam(req), parseBody(updateUserSchema, req)));
  });
  return r;
}
