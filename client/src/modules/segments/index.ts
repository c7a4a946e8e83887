/** Saved segments for other modules (the client list, campaigns, mailings): the list hook and the picker. */
export { useSegments } from './hooks/use-segments';
export { SegmentPicker, type SegmentPickerProps } from './components/SegmentPicker';
export type { Segment, SegmentFilter } from './api/segments.api';
