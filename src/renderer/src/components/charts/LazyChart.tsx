import { Skeleton, Text, useComputedColorScheme } from '@mantine/core';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

export interface LazyChartProps {
  option: EChartsCoreOption;
  height: number;
  /** what the chart shows, for screen readers (the canvas itself says nothing) */
  ariaLabel: string;
  /** called with the data index of a clicked point or bar (e.g. to open that run) */
  onItemClick?: (dataIndex: number) => void;
}

type LoadState = 'loading' | 'ready' | 'failed';

/**
 * Renders an echarts option, loading echarts on first use. The chart follows the app's colour scheme and
 * its container's size.
 */
export function LazyChart({ option, height, ariaLabel, onItemClick }: LazyChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [state, setState] = useState<LoadState>('loading');
  const scheme = useComputedColorScheme('light');
  const latestOption = useRef(option);
  const latestClick = useRef(onItemClick);
  // Read by the chart set-up, which resolves after an async import and must draw the newest option.
  useEffect(() => {
    latestOption.current = option;
    latestClick.current = onItemClick;
  });

  // One chart instance per colour scheme: echarts themes apply at init.
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts-runtime')
      .then(({ echarts }) => {
        if (disposed || !container.current) return;
        const instance = echarts.init(container.current, scheme === 'dark' ? 'dark' : undefined, {
          renderer: 'canvas',
        });
        chart.current = instance;
        instance.setOption(withTransparentBackground(latestOption.current));
        instance.on('click', (p) => {
          if (typeof p.dataIndex === 'number') latestClick.current?.(p.dataIndex);
        });
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(container.current);
        setState('ready');
      })
      .catch((error: unknown) => {
        console.error('Could not load the chart library', error);
        if (!disposed) setState('failed');
      });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [scheme]);

  useEffect(() => {
    if (state !== 'ready' || !chart.current) return;
    chart.current.setOption(withTransparentBackground(option), { notMerge: true });
  }, [option, state]);

  return (
    <div
      style={{ position: 'relative', height }}
      role="img"
      aria-label={ariaLabel}
      data-testid="lazy-chart"
      data-state={state}
    >
      <div ref={container} style={{ position: 'absolute', inset: 0 }} />
      {state === 'loading' && <Skeleton pos="absolute" inset={0} radius="md" aria-hidden="true" />}
      {state === 'failed' && (
        <Text pos="absolute" inset={0} ta="center" pt="xl" c="dimmed">
          The chart could not be loaded. Restart the portal to try again.
        </Text>
      )}
    </div>
  );
}

// A transparent background lets the surrounding card's colour show in both themes.
const withTransparentBackground = (option: EChartsCoreOption): EChartsCoreOption => ({
  backgroundColor: 'transparent',
  ...option,
});
