// rollout: fleet-wide changes in waves, pure — the waves a policy makes of the fleet and the rule
// that halts one. The run layer applies the waves and the registry records where each tenant stands.
export { DEFAULT_POLICY, formatAmount, parseAmount, planWaves, shouldHalt, toRolloutPolicy, type Amount, type RolloutPolicy, type Wave, type WavePlan } from './waves.ts';
