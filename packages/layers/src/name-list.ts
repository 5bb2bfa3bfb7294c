import { formatValue } from '@scratchnet/tensor';

/**
 * Up to 5 names, each in at most 40 characters, then how many more: a hostile file may hold thousands,
 * or one of 5,000 characters. Quoted (as JSON) for error messages; `bare` for a layer's description.
 */
export function nameList(names: readonly unknown[], bare = false): string {
  const shown = names.slice(0, 5).map((name) => {
    if (!bare || typeof name !== 'string') return formatValue(name);
    return name.length > 40 ? `${name.slice(0, 39)}…` : name;
  });
  return names.length > 5 ? `${shown.join(', ')} and ${names.length - 5} more` : shown.join(', ');
}
