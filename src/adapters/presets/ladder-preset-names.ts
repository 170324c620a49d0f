/**
 * The ladder presets shipped in `presets/ladders/`, the default first. Kept apart from their loader
 * so help texts can name them without loading the policy parser (yaml, zod).
 */
export const LADDER_PRESETS = ['kubestellar', 'kubestellar-pathway', 'kubernetes', 'cncf'] as const;

/** One of {@link LADDER_PRESETS}. */
export type LadderPresetName = (typeof LADDER_PRESETS)[number];
