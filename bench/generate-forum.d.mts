/** Writes a synthetic forum of `sessions` sessions and `contributions` contributions into `dir`. */
export function generateForum(
  dir: string,
  options: {sessions: number; contributions: number; seed?: number}
): Promise<void>
