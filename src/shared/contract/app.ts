import { z } from 'zod';
import { channel, event, noInput } from './define';

export const ProfileKindSchema = z.enum(['demo', 'fabric']);

export const AppInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'preview']),
  platform: z.string(),
  dataDir: z.string(),
  activeProfile: z.object({ id: z.string(), name: z.string(), kind: ProfileKindSchema }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const HealthPartSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down', 'unknown']),
  message: z.string(),
  checkedAt: z.string().nullable(),
});

export const HealthSchema = z.object({
  fabric: HealthPartSchema,
  onelake: HealthPartSchema,
  database: HealthPartSchema,
  keychain: HealthPartSchema,
});
export type Health = z.infer<typeof HealthSchema>;

export const appChannels = {
  'app.info': channel('Version, host kind and the active profile', noInput, AppInfoSchema),
  'app.health': channel(
    'Connection health of Fabric, OneLake, the database and the keychain',
    noInput,
    HealthSchema,
  ),
};

export const appEvents = {
  'health.changed': event('Connection health changed', HealthSchema),
};
