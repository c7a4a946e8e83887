// TEMPORARY until client/src/modules/segments lands: a segment id typed by hand.
export function SegmentPicker({ value, onChange }: { value: number | null; onChange: (id: number | null) => void }) {
  return <input type="number" min={1} aria-label="segment" value={value ?? ''} onChange={(e) => onChange(Number(e.target.value) || null)} />;
}
