// Example parameters for main.bicep. No secret is written here: the application id and the key
// ring are read from the environment of the shell that runs the deployment (README, "Deploy to
// Azure"). Every parameter left out keeps its default, which for the app settings is the app's own.
using './main.bicep'

param appName = 'm365tb'

param entraClientId = readEnvironmentVariable('ENTRA_CLIENT_ID')
param tokenCacheKeys = readEnvironmentVariable('TOKEN_CACHE_KEYS')

// Days a deleted token cache (with its snapshots) can still be undeleted.
param softDeleteRetentionDays = 14

// Examples of app settings that differ from the defaults:
// param refreshSchedule = '0 */10 * * * *'
// param snapshotRetention = '60d'
