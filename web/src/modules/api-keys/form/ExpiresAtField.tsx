import { Button, Group, Stack, Text } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import { formatDateTimeFull } from '../../../app/format';
import { daysFromNow } from './api-key-form';

interface Props {
  value: string | null;
  error?: string;
  onChange: (value: string | null) => void;
}

const QUICK_PICKS = [30, 90, 365];

export function ExpiresAtField({ value, error, onChange }: Props) {
  const when = value ? dayjs(value) : null;
  return (
    <Stack gap={6}>
      <DateTimePicker
        label="Expires at"
        description={
          when?.isValid()
            ? `The key stops working on ${formatDateTimeFull(when.toISOString())}.`
            : 'Optional. Without a date the key never expires.'
        }
        placeholder="Never"
        value={value}
        onChange={onChange}
        minDate={new Date()}
        valueFormat="YYYY-MM-DD HH:mm"
        clearable
        clearButtonProps={{ 'aria-label': 'Clear expiry date' }}
        error={error}
        // Opening below, never flipped above, keeps the fields above it visible.
        popoverProps={{
          withinPortal: true,
          position: 'bottom-start',
          middlewares: { flip: false, shift: true },
        }}
      />
      <Group gap="xs" aria-label="Expiry quick picks" role="group">
        <Text size="xs" c="dimmed">
          Quick pick:
        </Text>
        {QUICK_PICKS.map((days) => (
          <Button
            key={days}
            size="compact-xs"
            variant="light"
            onClick={() => onChange(daysFromNow(days))}
          >
            {days} days
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
