import type { EntitySubscriberInterface, InsertEvent, ObjectLiteral, UpdateEvent } from 'typeorm';
import { nameKey } from './name-key';

/**
 * Keeps clients.name_key in step with the name on every TypeORM insert and update of a client that sets
 * `name` (ClientsService, the call log's and the website's leads, the demo seed), without those writers
 * knowing of the duplicate finder. Raw SQL writers (the import's bulk INSERT) leave it NULL: the finder
 * computes the missing keys before it groups (DuplicatesService.fillNameKeys).
 */
export class NameKeySubscriber implements EntitySubscriberInterface<ObjectLiteral> {
  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    if (event.metadata.tableName === 'clients' && typeof event.entity?.name === 'string') event.entity.nameKey = nameKey(event.entity.name);
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.metadata.tableName === 'clients' && typeof event.entity?.name === 'string') event.entity.nameKey = nameKey(event.entity.name);
  }
}
