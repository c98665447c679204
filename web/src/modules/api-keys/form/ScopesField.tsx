import { useQuery } from '@apollo/client/react';
import { MultiSelect, Stack, Text } from '@mantine/core';
import { ScopesDocument } from '../../../gql/graphql';
import { LabelledCombobox } from './LabelledCombobox';

interface Props {
  value: string[];
  error?: string;
  onChange: (value: string[]) => void;
}

export function ScopesField({ value, error, onChange }: Props) {
  const { data, loading, error: loadError } = useQuery(ScopesDocument);
  const scopes = data?.scopes ?? [];
  const descriptions = new Map(scopes.map((s) => [s.name, s.description]));

  return (
    <LabelledCombobox
      label="Scopes"
      description="What the key may do. A key without scopes can only ask who it is."
      error={error ?? (loadError ? 'The scope list could not be loaded' : undefined)}
    >
      {(field) => (
        <MultiSelect
          {...field}
          placeholder={value.length === 0 ? 'No scopes' : undefined}
          data={scopes.map((s) => ({ value: s.name, label: s.name }))}
          value={value}
          onChange={onChange}
          disabled={loading && scopes.length === 0}
          renderOption={({ option }) => (
            <Stack gap={0}>
              <Text size="sm" ff="monospace">
                {option.value}
              </Text>
              <Text size="xs" c="dimmed">
                {descriptions.get(option.value)}
              </Text>
            </Stack>
          )}
          clearable
          searchable
          // Typing part of a scope and pressing Enter picks it (instead of submitting the form).
          selectFirstOptionOnChange
          hidePickedOptions={false}
        />
      )}
    </LabelledCombobox>
  );
}
