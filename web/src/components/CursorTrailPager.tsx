import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { CursorTrail } from '../hooks/useCursorTrail';

/** "26–50 of 120", Previous and Next under a list paged by `useCursorTrail`. */
export function CursorTrailPager<K extends string>({
  pages,
  pageSize,
  connection,
}: {
  pages: CursorTrail<K>;
  pageSize: number;
  connection: {
    totalCount: number;
    nodes: readonly unknown[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}) {
  const start = pages.trail.length * pageSize + 1;
  const { hasNextPage, endCursor } = connection.pageInfo;
  return (
    <Group justify="flex-end" mt="md" gap="xs" component="nav" aria-label="Pagination">
      <Text size="sm" aria-live="polite">
        {`${start}–${start + connection.nodes.length - 1} of ${connection.totalCount}`}
      </Text>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconChevronLeft size={14} />}
        disabled={pages.trail.length === 0}
        onClick={pages.previous}
      >
        Previous
      </Button>
      <Button
        variant="default"
        size="xs"
        rightSection={<IconChevronRight size={14} />}
        disabled={!hasNextPage}
        onClick={() => endCursor && pages.next(endCursor)}
      >
        Next
      </Button>
    </Group>
  );
}
