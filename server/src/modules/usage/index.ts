/**
 * The usage module's public surface: counters (with their per-request loader), addresses and
 * scope use. It owns `api_key_usage_days`, `api_key_address_days` and `api_key_scope_days`;
 * a deleted key's rows go through `UsageService.deleteForKey`.
 */
export {
  MAX_USAGE_DAYS,
  UsageService,
  utcDay,
  type LastUseWriter,
  type UsageDay,
} from './usage.service';
export { UsageInsightService, INSIGHT_RETENTION_DAYS } from './usage-insight.service';
export { UsageDayEntity } from './usage-day.entity';
export { UsageInsightResolver } from './usage-insight.resolver';
