import { Box, Title } from '@mantine/core';
import { GraphiqlExplorer } from '../components/GraphiqlExplorer';

export function ExplorerPage() {
  return (
    <>
      <Title order={1} size="h3" mb="xs">
        API explorer
      </Title>
      <Box
        h="calc(100dvh - var(--app-shell-header-height, 56px) - 2 * var(--mantine-spacing-md) - 40px)"
        mih={480}
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 8,
          overflow: 'hidden',
        }}
      >
        <GraphiqlExplorer />
      </Box>
    </>
  );
}
