// SegmentFunctions on Azure: a Flex Consumption function app (.NET isolated worker) with its storage account, Event Hubs,
// Cosmos DB feature store, monitoring and one user-assigned identity holding every data-plane role. No keys: storage,
// Event Hubs and Cosmos DB have key-based access disabled and the app's settings are identity-based.
// Deploy: az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam (see docs/deploy.md).

targetScope = 'resourceGroup'

@description('Short name used in every resource name (2-9 lower-case letters and digits: the storage account name is st + appName + a 13-character token).')
@minLength(2)
@maxLength(9)
param appName string = 'segfn'

@description('Azure region of every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Tags for every resource.')
param tags object = {
  application: 'SegmentFunctions'
}

@description('Partitions of the customer-events hub (fixed after creation on the Standard tier).')
@minValue(1)
@maxValue(32)
param eventHubPartitionCount int = 4

@description('Days events are kept in the hub.')
@minValue(1)
@maxValue(7)
param eventHubRetentionInDays int = 1

@description('Throughput units of the Event Hubs namespace.')
@minValue(1)
@maxValue(40)
param eventHubCapacity int = 1

@description('Event hub the customer events arrive on.')
param eventHubName string = 'customer-events'

@description('Consumer group the function app reads with.')
param eventHubConsumerGroupName string = 'segmentfunctions'

@description('Cosmos DB throughput: serverless (pay per request) or autoscale (provisioned RU/s on the feature container).')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosThroughputMode string = 'serverless'

@description('Maximum RU/s of the feature container when cosmosThroughputMode is autoscale.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Cosmos DB database of the feature store.')
param cosmosDatabaseName string = 'segmentfunctions'

@description('Cosmos DB container of the feature documents.')
param cosmosContainerName string = 'features'

@description('Cosmos DB container of the suppression list (erased customers).')
param cosmosSuppressionContainerName string = 'suppressions'

@description('NCRONTAB schedule (with seconds) of the scheduled retraining run.')
param retrainSchedule string = '0 0 3 * * *'

@description('Memory of one function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the function app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('.NET version of the dotnet-isolated runtime stack on Flex Consumption (az functionapp list-flexconsumption-runtimes -l <region> --runtime dotnet-isolated).')
param dotnetRuntimeVersion string = '10.0'

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('When true, Application Insights accepts only Entra-authenticated telemetry.')
param appInsightsDisableLocalAuth bool = false

@description('Object id of a user or service principal that may send test events to the hub (e.g. az ad signed-in-user show --query id -o tsv); empty for none.')
param eventSenderPrincipalId string = ''

@description('Principal type of eventSenderPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param eventSenderPrincipalType string = 'User'

@description('Origins allowed to call the API from a browser (CORS): where the dashboard page is hosted, e.g. https://<account>.z6.web.core.windows.net or https://<name>.azurestaticapps.net; empty for none.')
param dashboardOrigins array = []

var resourceToken = toLower(uniqueString(resourceGroup().id, appName, location))
var functionAppName = 'func-${appName}-${resourceToken}'
var deploymentContainerName = 'app-package'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${appName}-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${appName}-${resourceToken}'
    applicationInsightsName: 'appi-${appName}-${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    disableLocalAuth: appInsightsDisableLocalAuth
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${appName}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    appPrincipalId: identity.outputs.principalId
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  name: 'eventhubs'
  params: {
    namespaceName: 'evhns-${appName}-${resourceToken}'
    eventHubName: eventHubName
    consumerGroupName: eventHubConsumerGroupName
    location: location
    tags: tags
    partitionCount: eventHubPartitionCount
    retentionInDays: eventHubRetentionInDays
    capacity: eventHubCapacity
    receiverPrincipalId: identity.outputs.principalId
    senderPrincipalId: eventSenderPrincipalId
    senderPrincipalType: eventSenderPrincipalType
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: 'cosmos-${appName}-${resourceToken}'
    databaseName: cosmosDatabaseName
    containerName: cosmosContainerName
    suppressionContainerName: cosmosSuppressionContainerName
    location: location
    tags: tags
    throughputMode: cosmosThroughputMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    appPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: 'plan-${appName}-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    runtimeVersion: dotnetRuntimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    cosmosContainerName: cosmosContainerName
    cosmosSuppressionContainerName: cosmosSuppressionContainerName
    eventHubFullyQualifiedNamespace: eventHubs.outputs.fullyQualifiedNamespace
    eventHubName: eventHubName
    eventHubConsumerGroup: eventHubConsumerGroupName
    retrainSchedule: retrainSchedule
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    corsAllowedOrigins: dashboardOrigins
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output functionAppPlanName string = functionApp.outputs.planName
output identityName string = identity.outputs.name
output identityClientId string = identity.outputs.clientId
output storageAccountName string = storage.outputs.name
output eventHubsNamespaceName string = eventHubs.outputs.namespaceName
output eventHubsFullyQualifiedNamespace string = eventHubs.outputs.fullyQualifiedNamespace
output eventHubName string = eventHubs.outputs.eventHubName
output eventHubConsumerGroupName string = eventHubs.outputs.consumerGroupName
output cosmosAccountName string = cosmos.outputs.accountName
output cosmosEndpoint string = cosmos.outputs.endpoint
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
output logAnalyticsName string = monitoring.outputs.logAnalyticsName
