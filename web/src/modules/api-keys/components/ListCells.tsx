import { Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { formatDate, formatDateTimeFull, formatRelative, msUntil } from '../../../app/format';
import { CopyValueButton } from '../../../components/CopyValueButton';
import { TimeText } from '../../../components/TimeText';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * "2 IPs", "3 scopes": a fixed-width summary whose full list shows on hover and focus, and
 * is read out to screen readers with the count.
 */
export function CountSummary({
  items,
  one,
  many,
  empty,
}: {
  items: string[];
  one: string;
  many: string;
  empty: string;
}) {
  if (items.length === 0) {
    return (
      <Text span size="sm" c="dimmed" className="kh-list-nowrap">
        {empty}
      </Text>
    );
  }
  return (
    <Tooltip
      label={items.map((item) => (
        <div key={item}>{item}</div>
      ))}
      withArrow
      multiline
      events={{ hover: true, focus: true, touch: true }}
    >
      <Text span size="sm" tabIndex={0} className="kh-list-count">
        {items.length} {items.length === 1 ? one : many}
        <VisuallyHidden>: {items.join(', ')}</VisuallyHidden>
      </Text>
    </Tooltip>
  );
}

/** When the key stops working: "in 3 days" stands out in the last week, "Expired …" after. */
export function ExpiresCell({
  iso,
  verbose = false,
  now,
}: {
  iso: string | null;
  /** Says "Expires" even when far off, for places without an Expires heading. */
  verbose?: boolean;
  /** The current time, for tests; the clock otherwise. */
  now?: number;
}) {
  if (!iso) {
    return (
      <Text span size="sm" c="dimmed" className="kh-list-nowrap">
        {verbose ? 'Never expires' : 'Never'}
      </Text>
    );
  }
  const left = msUntil(iso, now);
  const soon = left > 0 && left < WEEK_MS;
  const text = left <= 0 ? `Expired ${formatRelative(iso, now)}` : formatRelative(iso, now);
  return (
    <Tooltip
      label={formatDateTimeFull(iso)}
      withArrow
      events={{ hover: true, focus: true, touch: true }}
    >
      <Text
        span
        size="sm"
        component="time"
        dateTime={iso}
        tabIndex={0}
        fw={soon ? 700 : undefined}
        className={`kh-list-nowrap ${left <= 0 ? 'kh-list-expired' : soon ? 'kh-list-soon' : ''}`}
      >
        {soon || (verbose && left > 0) ? `Expires ${text}` : text}
      </Text>
    </Tooltip>
  );
}

export function CreatedCell({ iso }: { iso: string }) {
  return (
    <TimeText iso={iso} className="kh-list-nowrap">
      {formatDate(iso)}
    </TimeText>
  );
}

/** The public key, shortened to its prefix (what search matches); the button copies it whole. */
export function KeyCell({ value }: { value: string }) {
  return (
    <span className="kh-list-key-cell">
      <Text span ff="monospace" size="sm" className="kh-list-nowrap" title={value}>
        {value.slice(0, 11)}…<VisuallyHidden>{value.slice(11)}</VisuallyHidden>
      </Text>
      <CopyValueButton value={value} label="Copy key" />
    </span>
  );
}
