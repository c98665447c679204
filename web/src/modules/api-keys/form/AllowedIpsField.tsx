import { TagsInput } from '@mantine/core';
import { MAX_ALLOWED_IPS, parseIpOrCidr } from '@keyhold/shared';
import type { KeyboardEvent } from 'react';
import { LabelledCombobox } from './LabelledCombobox';

interface Props {
  value: string[];
  draft: string;
  error?: string;
  onChange: (value: string[]) => void;
  onDraftChange: (draft: string) => void;
  onError: (message: string | undefined) => void;
}

const SEPARATORS = ['Enter', ',', ' '];

/**
 * Each entry is checked with the server's own parser as it is added; a bad one stays in the
 * box with the reason below it instead of becoming a tag.
 */
export function AllowedIpsField({ value, draft, error, onChange, onDraftChange, onError }: Props) {
  const add = (entries: string[]) => {
    const next = [...value];
    for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
      const parsed = parseIpOrCidr(entry);
      if (!parsed.ok) {
        onChange(next);
        onDraftChange(entry);
        onError(parsed.message);
        return;
      }
      if (!next.includes(parsed.value)) next.push(parsed.value);
    }
    onChange(next);
    onDraftChange('');
    onError(
      next.length > MAX_ALLOWED_IPS ? `At most ${MAX_ALLOWED_IPS} entries are allowed` : undefined,
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (SEPARATORS.includes(event.key) && draft.trim()) {
      event.preventDefault();
      add([draft]);
    }
  };

  return (
    <LabelledCombobox
      label="Allowed IPs"
      description="IPv4/IPv6 addresses or CIDR ranges (e.g. 203.0.113.7, 10.0.0.0/8). Empty allows any address."
      error={error}
    >
      {(field) => (
        <TagsInput
          {...field}
          // No suggestions to offer: the option list never opens.
          dropdownOpened={false}
          placeholder={value.length === 0 ? 'Any address' : undefined}
          value={value}
          searchValue={draft}
          onSearchChange={(text) => {
            onDraftChange(text);
            if (error) onError(undefined);
          }}
          onKeyDown={onKeyDown}
          // Pasted lists arrive here already split; removals too.
          onChange={(tags) =>
            tags.length < value.length
              ? onChange(tags)
              : add(tags.filter((t) => !value.includes(t)))
          }
          acceptValueOnBlur={false}
          splitChars={[',', ' ', '\n']}
          clearable
        />
      )}
    </LabelledCombobox>
  );
}
