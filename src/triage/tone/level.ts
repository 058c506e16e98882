import type { AngerLevel } from '../../model/triage-result.ts';

/**
 * The level a lead sees, consistent with the `angry` verdict: an angry message is hostile when, given that it
 * is angry, intensity 3 is at least as likely as 2; a calm one is concerned when, given that it is not angry,
 * intensity 1 is at least as likely as 0. Without intensity probabilities the verdict alone decides.
 */
export function levelOf(
  angry: boolean,
  score: number,
  intensity: { concerned: number; hostile: number } | undefined,
): AngerLevel {
  if (!intensity) return angry ? 'upset' : 'calm';
  if (angry) return intensity.hostile >= 0.5 * Math.max(score, 1e-6) ? 'hostile' : 'upset';
  const mild = Math.max(0, intensity.concerned - score);
  return mild >= 0.5 * Math.max(1 - score, 1e-6) ? 'concerned' : 'calm';
}
