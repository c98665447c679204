import { Input } from '@mantine/core';
import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  description: string;
  error?: ReactNode;
  children: (field: { id: string; 'aria-describedby': string; error: boolean }) => ReactNode;
}

/**
 * Puts the label on the input alone. Given its own `label`, a Mantine combobox also names its
 * option list with it, so "Scopes" or "Allowed IPs" would point at two elements while the list
 * is open: ambiguous for screen readers and for tests that find fields by label.
 */
export function LabelledCombobox({ label, description, error, children }: Props) {
  const id = useId();
  return (
    <Input.Wrapper id={id} label={label} description={description} error={error}>
      {children({ id, 'aria-describedby': `${id}-description`, error: Boolean(error) })}
    </Input.Wrapper>
  );
}
