import { Group, UnstyledButton } from '@mantine/core';
import { useRef, type KeyboardEvent } from 'react';
import type { ApiKeyStatus } from '../../../gql/graphql';

const TABS: { value: ApiKeyStatus | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'DISABLED', label: 'Disabled' },
  { value: 'EXPIRED', label: 'Expired' },
];

export const STATUS_PANEL_ID = 'api-keys-panel';

/**
 * A WAI-ARIA tab list (arrow keys move and select) controlling the single list panel. Mantine's
 * Tabs expect one panel per tab; here every tab shows the same panel with another filter.
 */
export function StatusTabs({
  value,
  onChange,
}: {
  value: ApiKeyStatus | null;
  onChange: (status: ApiKeyStatus | null) => void;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = TABS.findIndex((t) => t.value === value);
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const to =
      e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : step ? current + step : -1;
    if (to < 0 && !step) return;
    e.preventDefault();
    const index = (to + TABS.length) % TABS.length;
    refs.current[index]?.focus();
    onChange(TABS[index].value);
  };
  return (
    <Group gap={0} role="tablist" aria-label="Status" className="kh-tabs-list" wrap="nowrap">
      {TABS.map((tab, i) => (
        <UnstyledButton
          key={tab.label}
          ref={(el) => {
            refs.current[i] = el;
          }}
          role="tab"
          id={`status-tab-${tab.label.toLowerCase()}`}
          aria-selected={i === current}
          aria-controls={STATUS_PANEL_ID}
          tabIndex={i === current ? 0 : -1}
          className="kh-tabs-tab"
          onClick={() => onChange(tab.value)}
          onKeyDown={onKeyDown}
        >
          {tab.label}
        </UnstyledButton>
      ))}
    </Group>
  );
}

export function statusTabId(value: ApiKeyStatus | null): string {
  const tab = TABS.find((t) => t.value === value) ?? TABS[0];
  return `status-tab-${tab.label.toLowerCase()}`;
}
