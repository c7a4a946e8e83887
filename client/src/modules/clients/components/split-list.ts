/** "a, b;c\nd" → ["a", "b", "c", "d"]: how the forms take several phones, emails or tags in one box. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
