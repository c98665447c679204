import { Group, NumberInput, Select } from '@mantine/core';
import { RATE_LIMIT_BOUNDS } from '@keyhold/shared';
import { RATE_LIMIT_WINDOWS } from './api-key-form';

/** Requests per window; an empty number means no limit. */
export function RateLimitField({
  limit,
  window,
  limitError,
  windowError,
  onLimitChange,
  onWindowChange,
}: {
  limit: number | '';
  window: string;
  limitError?: string;
  windowError?: string;
  onLimitChange: (value: number | '') => void;
  onWindowChange: (value: string) => void;
}) {
  return (
    <Group align="flex-start" grow>
      <NumberInput
        label="Rate limit"
        description="Requests allowed per window; empty for no limit."
        placeholder="No limit"
        min={RATE_LIMIT_BOUNDS.limit.min}
        max={RATE_LIMIT_BOUNDS.limit.max}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        thousandSeparator=","
        value={limit}
        onChange={(value) => onLimitChange(value === '' ? '' : Number(value))}
        error={limitError}
      />
      <Select
        label="Rate limit window"
        description="How long each count lasts."
        data={RATE_LIMIT_WINDOWS.map((w) => ({ value: w.value, label: w.label }))}
        value={window}
        onChange={(value) => value && onWindowChange(value)}
        allowDeselect={false}
        error={windowError}
      />
    </Group>
  );
}
