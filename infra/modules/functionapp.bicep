// The Flex Consumption plan and the function app: Linux, the dotnet-isolated runtime, app package pulled from a blob
// container with the user-assigned identity, and identity-based connections only (no keys, no connection secrets).
// The app setting names are the ones documented in infra/settings.json; the code's options bind to them.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('URL of the blob container the app package is deployed to.')
param deploymentContainerUrl string

@description('.NET version of the dotnet-isolated runtime stack on Flex Consumption.')
param runtimeVersion string

@description('Memory of one instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Blob endpoint of the storage account.')
param storageBlobEndpoint string

@description('Queue endpoint of the storage account.')
param storageQueueEndpoint string

@description('Table endpoint of the storage account.')
param storageTableEndpoint string

@description('Document endpoint of the Cosmos DB account.')
param cosmosEndpoint string

@description('Cosmos DB database of the feature store.')
param cosmosDatabaseName string

@description('Cosmos DB container of the feature documents.')
param cosmosContainerName string

@description('Cosmos DB container of the suppression list.')
param cosmosSuppressionContainerName string

@description('Fully qualified Event Hubs namespace.')
param eventHubFullyQualifiedNamespace string

@description('Event hub the customer events arrive on.')
param eventHubName string

@description('Consumer group of the event trigger.')
param eventHubConsumerGroup string

@description('NCRONTAB schedule of the scheduled retraining run.')
param retrainSchedule string

@description('Application Insights connection string (an ingestion address, not a secret).')
param applicationInsightsConnectionString string

@description('Origins (scheme and host, no path) allowed to call the API from a browser: where the dashboard page is hosted.')
param corsAllowedOrigins array

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      // The dashboard page, hosted apart from the app (Storage static website or Static Web Apps), calls the API from
      // its own origin. The page sends the function key in a header, never a cookie, so credentials stay off.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // FUNCTIONS_WORKER_RUNTIME=dotnet-isolated: Flex Consumption takes the worker runtime from here and refuses it as
      // an app setting.
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
    AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
    AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    CosmosDb__accountEndpoint: cosmosEndpoint
    CosmosDb__credential: 'managedidentity'
    CosmosDb__clientId: identityClientId
    Storage__CosmosDatabase: cosmosDatabaseName
    Storage__CosmosContainer: cosmosContainerName
    Storage__CosmosSuppressionContainer: cosmosSuppressionContainerName
    EventHubConnection__fullyQualifiedNamespace: eventHubFullyQualifiedNamespace
    EventHubConnection__credential: 'managedidentity'
    EventHubConnection__clientId: identityClientId
    EventHubName: eventHubName
    EventHubConsumerGroup: eventHubConsumerGroup
    RetrainSchedule: retrainSchedule
    // The retraining task hub of Durable Functions (host.json), in the storage account of AzureWebJobsStorage.
    DurableTask__HubName: 'SegmentRetrain'
    // The worker's gen0 GC budget (64 MiB), documented in infra/settings.json.
    DOTNET_GCgen0size: '0x4000000'
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  }
}

// Deployments authenticate with Microsoft Entra ID; basic (user name and password) publishing stays off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = site.name
output planName string = plan.name
output defaultHostName string = site.properties.defaultHostName
