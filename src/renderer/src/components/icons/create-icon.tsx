import type { ReactElement, SVGProps } from 'react';

export interface IconProps extends Omit<SVGProps<SVGSVGElement>, 'children'> {
  size?: number | string;
}

/** One stroke of an icon: SVG path data, or a rectangle [x, y, width, height, rx?] / circle [cx, cy, r]. */
export type IconShape =
  | string
  | { rect: [number, number, number, number] | [number, number, number, number, number] }
  | { circle: [number, number, number] };

const isShapeList = (v: readonly IconShape[] | ReactElement): v is readonly IconShape[] => Array.isArray(v);

function Shape({ shape }: { shape: IconShape }) {
  if (typeof shape === 'string') return <path d={shape} />;
  if ('rect' in shape) {
    const [x, y, width, height, rx] = shape.rect;
    return <rect x={x} y={y} width={width} height={height} rx={rx} />;
  }
  const [cx, cy, r] = shape.circle;
  return <circle cx={cx} cy={cy} r={r} />;
}

// Inline SVG icons instead of an icon package: the portal needs about twenty, and drawing them here keeps
// the initial bundle small with no tree-shaking to trust. Icons are decorative (aria-hidden); the control
// around them carries the accessible name.
// A ReactElement (SVG children written as JSX) is still taken for icons elsewhere not converted yet.
export function createIcon(displayName: string, shapes: readonly IconShape[] | ReactElement) {
  const body = isShapeList(shapes)
    ? shapes.map((shape, i) => (
        // The shapes of an icon never change order, so the index is a stable key.
        <Shape key={i} shape={shape} />
      ))
    : shapes;
  function Icon({ size = 20, ...props }: IconProps) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...props}
      >
        {body}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}
