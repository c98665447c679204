import { ActionIcon, Group, NativeSelect, Text } from '@mantine/core';
import { PAGE_SIZE_OPTIONS } from '@keyhold/shared';
import {
  IconChevronLeft,
  IconChevronRight,
  IconChevronsLeft,
  IconChevronsRight,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

interface Props {
  /** 1-based position of the first row shown. */
  start: number;
  count: number;
  total: number;
  perPage: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPerPage: (perPage: number) => void;
  onFirst: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onLast: () => void;
}

/**
 * aria-disabled rather than disabled: a button that becomes unavailable after the click that
 * reached the last page keeps keyboard focus instead of dropping it to the page.
 */
function PageButton({
  label,
  icon: Icon,
  enabled,
  onClick,
}: {
  label: string;
  icon: ComponentType<{ size?: number }>;
  enabled: boolean;
  onClick: () => void;
}) {
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={label}
      aria-disabled={!enabled}
      data-disabled={!enabled || undefined}
      onClick={() => enabled && onClick()}
    >
      <Icon size={16} />
    </ActionIcon>
  );
}

export function PaginationBar(p: Props) {
  const range =
    p.count === 0 ? `0 of ${p.total}` : `${p.start}–${p.start + p.count - 1} of ${p.total}`;
  return (
    <Group justify="space-between" gap="sm" align="flex-end">
      <NativeSelect
        label="Per page"
        data={PAGE_SIZE_OPTIONS.map(String)}
        value={String(p.perPage)}
        onChange={(e) => p.onPerPage(Number(e.currentTarget.value))}
        w={100}
      />
      <Group gap="xs" component="nav" aria-label="Pagination" wrap="nowrap">
        <Text
          size="sm"
          aria-live="polite"
          data-testid="page-range"
          style={{ whiteSpace: 'nowrap' }}
        >
          {range}
        </Text>
        <PageButton
          label="First page"
          icon={IconChevronsLeft}
          enabled={p.hasPrevious}
          onClick={p.onFirst}
        />
        <PageButton
          label="Previous page"
          icon={IconChevronLeft}
          enabled={p.hasPrevious}
          onClick={p.onPrevious}
        />
        <PageButton
          label="Next page"
          icon={IconChevronRight}
          enabled={p.hasNext}
          onClick={p.onNext}
        />
        <PageButton
          label="Last page"
          icon={IconChevronsRight}
          enabled={p.hasNext}
          onClick={p.onLast}
        />
      </Group>
    </Group>
  );
}
