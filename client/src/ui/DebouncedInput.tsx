import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { useDebouncedCallback } from './use-debounced-callback';

export type DebouncedInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  /** Called once typing pauses, and at once on Enter. */
  onValueChange: (value: string) => void;
  delayMs?: number;
};

/** A text input that reports its value after the user stops typing, for search boxes and filters. */
export function DebouncedInput({ value, onValueChange, delayMs = 300, ...rest }: DebouncedInputProps) {
  const [text, setText] = useState(value);
  const lastSent = useRef(value);
  const send = (v: string) => {
    lastSent.current = v;
    onValueChange(v);
  };
  const debouncedSend = useDebouncedCallback(send, delayMs);

  // The value changed from outside (e.g. "Reset filters", back button): show it.
  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);

  return (
    <input
      {...rest}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        debouncedSend(e.target.value.trim());
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') send(text.trim());
        rest.onKeyDown?.(e);
      }}
    />
  );
}
