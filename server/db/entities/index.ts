export * from './user.entity';
export * from './client.entity';
export * from './call.entity';
export * from './callback.entity';
export * from './routing-rule.entity';
export * from './audit.entity';
export * from './disposition.entity';
export * from './client-stage-change.entity';
