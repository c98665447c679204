import { useQuery } from '@apollo/client/react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { ApiKeyDocument, ApiKeysDocument } from '../../../gql/graphql';

interface Props {
  value: string | null;
  onChange: (apiKeyId: string | null) => void;
}

const labelOf = (k: { name: string | null; key: string }) =>
  k.name ? `${k.name} (${k.key})` : k.key;

/** Picks a key by name or key prefix, asking the server as the admin types. */
export function KeyFilter({ value, onChange }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const { data } = useQuery(ApiKeysDocument, {
    variables: { first: 20, search: debounced || undefined },
  });
  const { data: selected } = useQuery(ApiKeyDocument, {
    variables: { id: value ?? '' },
    skip: !value,
  });

  const options = new Map((data?.apiKeys.nodes ?? []).map((k) => [k.id, labelOf(k)]));
  if (value && selected?.apiKey) options.set(value, labelOf(selected.apiKey));
  else if (value && !options.has(value)) options.set(value, 'Deleted key');
  const selectedLabel = value ? options.get(value) : undefined;

  return (
    <Select
      label="API key"
      placeholder="All keys"
      searchable
      clearable
      data={[...options].map(([id, label]) => ({ value: id, label }))}
      value={value}
      onChange={onChange}
      // Selecting fills the box with the option's label; that is not a search.
      onSearchChange={(text) => setSearch(text === selectedLabel ? '' : text)}
      filter={({ options: all }) => all}
      nothingFoundMessage="No key matches"
      w={{ base: '100%', sm: 480 }}
    />
  );
}
