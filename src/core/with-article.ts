/**
 * A noun phrase after `a` or `an`, chosen by how it sounds: `a maintainer`, `an approver`,
 * `an 8-week term`, `a 12-week term`, `an 11-week term`, `a user`. The one helper every message
 * that puts an article before a level name or a duration uses.
 */
export function withArticle(phrase: string): string {
  return `${startsWithVowelSound(phrase.trim()) ? 'an' : 'a'} ${phrase}`;
}

/** Words spelt with a vowel but said with a consonant (`a user`, `a one-time`), and the reverse. */
const CONSONANT_SOUND = /^(uni|use|usu|ure|eu|one\b|once\b)/i;
const VOWEL_SOUND = /^(hour|honou?r|honest|heir)/i;

function startsWithVowelSound(phrase: string): boolean {
  // Numbers are said: 8 "eight", 11 "eleven", 18 "eighteen", 80 "eighty", 800 "eight hundred".
  const digits = /^\d+/.exec(phrase)?.[0];
  if (digits !== undefined) {
    if (digits.startsWith('8')) return true;
    // 11 and 18, and 11,000 or 18 million said as "eleven/eighteen thousand"
    return digits.length % 3 === 2 && (digits.startsWith('11') || digits.startsWith('18'));
  }
  if (VOWEL_SOUND.test(phrase)) return true;
  if (CONSONANT_SOUND.test(phrase)) return false;
  return /^[aeiou]/i.test(phrase);
}
