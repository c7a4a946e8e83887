import { useFormat } from '../../../i18n/format';
import { Badge } from '../../../ui/Badge';

/** A review's percentage, coloured by how good it is (80 % and up green, under 50 % red). */
export function PercentBadge({ percent }: { percent: number | null }) {
  const format = useFormat();
  if (percent === null) return <Badge tone="slate">—</Badge>;
  const text = `${new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 }).format(percent)} %`;
  return <Badge tone={percent >= 80 ? 'green' : percent >= 50 ? 'amber' : 'red'}>{text}</Badge>;
}
