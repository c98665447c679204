import { ActionIcon, Group, NativeSelect, Text } from '@mantine/core';
import { PAGE_SIZE_OPTIONS } from '@keyhold/shared';
import {
  IconChevronLeft,
  IconChevronRight,
  IconChevronsLeft,
  IconChevronsRight,
} from '@tabler/icons-react';

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

export function PaginationBar(p: Props) {
  const range =
    p.count === 0 ? `0 of ${p.total}` : `${p.start}–${p.start + p.count - 1} of ${p.total}`;
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <NativeSelect
        label="Per page"
        data={PAGE_SIZE_OPTIONS.map(String)}
        value={String(p.perPage)}
        onChange={(e) => p.onPerPage(Number(e.currentTarget.value))}
        w={110}
      />
      <Group gap="xs" component="nav" aria-label="Pagination">
        <Text size="sm" aria-live="polite" data-testid="page-range">
          {range}
        </Text>
        <ActionIcon
          variant="default"
          aria-label="First page"
          disabled={!p.hasPrevious}
          onClick={p.onFirst}
        >
          <IconChevronsLeft size={16} />
        </ActionIcon>
        <ActionIcon
          variant="default"
          aria-label="Previous page"
          disabled={!p.hasPrevious}
          onClick={p.onPrevious}
        >
          <IconChevronLeft size={16} />
        </ActionIcon>
        <ActionIcon
          variant="default"
          aria-label="Next page"
          disabled={!p.hasNext}
          onClick={p.onNext}
        >
          <IconChevronRight size={16} />
        </ActionIcon>
        <ActionIcon
          variant="default"
          aria-label="Last page"
          disabled={!p.hasNext}
          onClick={p.onLast}
        >
          <IconChevronsRight size={16} />
        </ActionIcon>
      </Group>
    </Group>
  );
}
