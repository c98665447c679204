import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Lets a wide table scroll sideways on a phone. Focusable so keyboard users can scroll it;
 * a plain overflow box instead of Mantine's ScrollArea keeps that out of the initial bundle.
 */
export function ScrollRegion({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    // position: relative also contains visually hidden (absolute) header text, which would
    // otherwise widen the whole page on a phone.
    <Box
      role="region"
      aria-label={label}
      tabIndex={0}
      style={{ overflowX: 'auto', position: 'relative' }}
    >
      <Box miw={minWidth}>{children}</Box>
    </Box>
  );
}
