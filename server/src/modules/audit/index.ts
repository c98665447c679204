/** The audit module's public surface. It owns `audit_events`; others record through AuditService. */
export {
  AUDIT_ACTIONS,
  AuditService,
  type AuditAction,
  type AuditListener,
  type AuditQuery,
  type AuditRecord,
} from './audit.service';
export { AuditEventEntity } from './audit-event.entity';
export { AuditResolver } from './audit.resolver';
