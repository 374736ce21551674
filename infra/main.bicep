// m365-token-broker in one resource group: the storage account that holds the encrypted token
// caches and the tables, a Key Vault holding the key ring, Application Insights on a Log Analytics
// workspace, and the Function App.
//
// Hosting plan: Flex Consumption (FC1). The app is a handful of HTTP routes and two timers, idle
// most of the time, so it wants a plan that scales to zero and bills per use; both Consumption
// plans do. Linux Consumption (Y1) still runs Node 20, but it gets no new features or language
// versions and Microsoft retires it on 30 September 2028, steering new apps to Flex Consumption, so
// starting there spares a migration. Flex keeps the 5-minute functionTimeout of host.json (its own default is 30 minutes).
// What Flex changes here: the language and its version are properties of the site
// (functionAppConfig.runtime), and Flex does not take the FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION app settings (a Flex app always runs Functions 4.x); the app package
// lives in a blob container of our own instead of an Azure Files share.
//
// Not compiled: no Bicep compiler was reachable where this was written (see README, "Deploy to
// Azure").

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Deployment parameters

@description('Region of every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Short name that resource names are made from: lowercase letters and digits.')
@minLength(2)
@maxLength(10)
param appName string = 'm365tb'

@description('Name of the Function App, and so of its host name <name>.azurewebsites.net; unique across Azure.')
param functionAppName string = 'func-${appName}-${uniqueString(resourceGroup().id, appName)}'

@description('Redundancy of the storage account that holds the token caches.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days that a deleted blob (a token cache with its snapshots) or container stays recoverable.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 14

@description('Node.js major version of the app. The project is tested on 20; Azure ended its support of Node 20 on 30 April 2026, so move to 22 once the tests pass on it.')
@allowed([
  '20'
  '22'
])
param nodeVersion string = '20'

@description('Most instances the Flex plan may run at once.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each Flex instance, in MB.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

// ---------------------------------------------------------------------------------------------
// App settings (README, "Settings"). Defaults are the app's own.

@description('Application (client) id of the public client app registration (a GUID).')
@minLength(36)
@maxLength(36)
param entraClientId string

// The app's own default, for the public cloud; the linter warns about any literal cloud host.
@description('Entra ID authority host: an https origin without a path.')
#disable-next-line no-hardcoded-env-urls
param entraAuthorityHost string = 'https://login.microsoftonline.com'

@description('Scopes of a login started without scopes, separated by spaces.')
param defaultScopes string = 'Group.Read.All Calendars.Read.Shared Chat.Read'

@description('Key ring id:base64key[,id2:base64key2]; each key is 32 random bytes. Stored in Key Vault only.')
@secure()
@minLength(1)
param tokenCacheKeys string

@description('How long a token call may be answered from the instance\'s last read of a cache (0s to 60s).')
param tokenCacheReuse string = '2s'

@description('NCRONTAB schedule of the refresh timer (six fields, UTC).')
param refreshSchedule string = '0 */5 * * * *'

@description('Access tokens expiring within this time are refreshed ahead by the timer.')
param refreshAhead string = '15m'

@description('A refresh token unused this long is used by the timer anyway.')
param keepaliveAfter string = '7d'

@description('Tenants refreshed at once in a timer run.')
@minValue(1)
@maxValue(64)
param refreshConcurrency int = 8

@description('A timer run starts no new account after this. The app refuses more than 80% of functionTimeout in host.json (5 min, so at most 4m).')
param refreshTimeBudget string = '3m'

@description('The pruneSnapshots timer deletes token cache snapshots older than this.')
param snapshotRetention string = '35d'

@description('The newest this many snapshots of each tenant are kept whatever their age.')
@minValue(1)
@maxValue(1000)
param snapshotKeepMin int = 5

@description('NCRONTAB schedule of the pruneSnapshots timer (six fields, UTC).')
param snapshotPruneSchedule string = '0 30 2 * * *'

@description('Largest file that PUT .../cache/import takes, in bytes.')
@minValue(1024)
@maxValue(104857600)
param importMaxBytes int = 5242880

// ---------------------------------------------------------------------------------------------
// Names

var suffix = uniqueString(resourceGroup().id, appName)
var storageAccountName = toLower(take('st${appName}${suffix}', 24))
var keyVaultName = 'kv-${appName}-${take(suffix, 8)}'
// The app's own storage (shared/storage/storageClients.ts); it creates them too if missing.
var tokenCacheContainerName = 'token-caches'
var tableNames = [
  'tenants'
  'logins'
  'accounts'
]
// Where the Flex plan keeps the deployed app package.
var packageContainerName = 'app-package'
var tokenCacheKeysSecretName = 'token-cache-keys'

// Built-in role definitions.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

// ---------------------------------------------------------------------------------------------
// Storage: token caches (blobs with snapshots), tables, and the app package

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app and the Functions host both connect with the account key: AzureWebJobsStorage is a
    // connection string, which the app parses itself.
    allowSharedKeyAccess: true
  }
}

// Azure refuses to delete a blob that has snapshots unless the snapshots go with it, so deleting a
// tenant's token cache blob also deletes every backup snapshot of it. Blob soft delete keeps the
// blob and its snapshots for softDeleteRetentionDays, and undeleting the blob brings them all back;
// container soft delete does the same for a deleted token-caches container. Soft delete also keeps
// the previous content of every overwritten cache blob, and the snapshots that pruneSnapshots
// deletes, for the same number of days (billed as storage).
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource tokenCacheContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: tokenCacheContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: packageContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

// ---------------------------------------------------------------------------------------------
// Monitoring

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault with the key ring. Token caches, snapshots and exports are useless without these keys,
// so the vault cannot be purged early: a deleted vault (and its secret) stays recoverable for 90
// days, and its name stays taken for that long.

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // A Flex app without virtual network integration reaches the vault over its public endpoint;
    // only identities with a data role on the vault can read the secret.
    publicNetworkAccess: 'Enabled'
  }
}

resource tokenCacheKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: tokenCacheKeysSecretName
  properties: {
    value: tokenCacheKeys
    contentType: 'text/plain; m365-token-broker key ring (id:base64key, comma separated)'
  }
}

// ---------------------------------------------------------------------------------------------
// Function App

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${appName}-${suffix}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      runtime: {
        name: 'node'
        version: nodeVersion
      }
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// The app's identity reads secrets of the vault (the Key Vault reference of TOKEN_CACHE_KEYS)...
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionApp.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// ...and reads and writes the app package in its container, and nothing else of the account's data
// with that identity.
resource packageContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(packageContainer.id, functionApp.id, storageBlobDataContributorRoleId)
  scope: packageContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Every setting the app reads (local.settings.sample.json) but two: LOCAL_FUNCTION_KEY belongs to
// the local host only (in Azure, use the Function App's keys), and FUNCTIONS_WORKER_RUNTIME is
// functionAppConfig.runtime above, as Flex requires. test/unit/infra/appSettings.test.ts checks
// this list against the sample.
var appSettings = {
  AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  ENTRA_AUTHORITY_HOST: entraAuthorityHost
  ENTRA_CLIENT_ID: entraClientId
  DEFAULT_SCOPES: defaultScopes
  // Versionless: App Service fetches the newest version once a day and on any configuration change.
  TOKEN_CACHE_KEYS: '@Microsoft.KeyVault(SecretUri=${tokenCacheKeysSecret.properties.secretUri})'
  TOKEN_CACHE_REUSE: tokenCacheReuse
  REFRESH_SCHEDULE: refreshSchedule
  REFRESH_AHEAD: refreshAhead
  KEEPALIVE_AFTER: keepaliveAfter
  REFRESH_CONCURRENCY: string(refreshConcurrency)
  REFRESH_TIME_BUDGET: refreshTimeBudget
  SNAPSHOT_RETENTION: snapshotRetention
  SNAPSHOT_KEEP_MIN: string(snapshotKeepMin)
  SNAPSHOT_PRUNE_SCHEDULE: snapshotPruneSchedule
  IMPORT_MAX_BYTES: string(importMaxBytes)
}

// Set apart from the site, once its identity may read the vault, so that the Key Vault reference is
// resolved after the role assignment exists rather than failing at the site's first start. Each
// deployment replaces all app settings with these: add any setting of your own here.
resource functionAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
  dependsOn: [
    keyVaultSecretsUser
  ]
}

// ---------------------------------------------------------------------------------------------

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
