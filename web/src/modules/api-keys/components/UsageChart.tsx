import '@mantine/core/styles/ColorSwatch.css';
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import type { ApiKeyUsageQuery } from '../../../gql/graphql';

type UsageDay = NonNullable<ApiKeyUsageQuery['apiKey']>['usage'][number];

const dayLabel = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** Loaded lazily: recharts is most of the weight of the edit page. */
export default function UsageChart({ days }: { days: UsageDay[] }) {
  const data = days.map((d) => ({
    day: dayLabel.format(new Date(`${d.date}T00:00:00Z`)),
    Successful: d.successCount,
    Failed: d.failureCount,
  }));
  return (
    <BarChart
      h={220}
      data={data}
      dataKey="day"
      type="stacked"
      withLegend
      series={[
        { name: 'Successful', color: 'teal.6' },
        { name: 'Failed', color: 'red.6' },
      ]}
      tickLine="y"
      xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 16 }}
    />
  );
}
