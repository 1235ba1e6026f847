// Event Hubs namespace, the customer-events hub and the app's consumer group. SAS keys are disabled: the app receives
// with its identity, and an optional sender (the deploying user) sends test events with Entra authentication.

@description('Name of the Event Hubs namespace (6-50 characters).')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Name of the event hub the customer events arrive on.')
param eventHubName string

@description('Consumer group the function app reads with.')
param consumerGroupName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('Partitions of the hub: the upper bound of parallel event batches. Fixed after creation on the Standard tier.')
@minValue(1)
@maxValue(32)
param partitionCount int

@description('Days events are kept in the hub.')
@minValue(1)
@maxValue(7)
param retentionInDays int

@description('Throughput units of the Standard namespace.')
@minValue(1)
@maxValue(40)
param capacity int

@description('Principal id of the function app identity (receives events).')
param receiverPrincipalId string

@description('Principal id of a user or service principal allowed to send events, e.g. the deploying user; empty for none.')
param senderPrincipalId string

@description('Principal type of senderPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param senderPrincipalType string

// Built-in roles: Azure Event Hubs Data Receiver, Azure Event Hubs Data Sender.
var dataReceiver = 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
var dataSender = '2b629674-e913-4c01-ae53-ef4638d8f975'

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    // Standard, because the Basic tier has no consumer group other than $Default.
    name: 'Standard'
    tier: 'Standard'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: eventHubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: retentionInDays
  }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: hub
  name: consumerGroupName
}

resource receiverRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hub.id, receiverPrincipalId, dataReceiver)
  scope: hub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
    principalId: receiverPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource senderRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(senderPrincipalId)) {
  name: guid(hub.id, senderPrincipalId, dataSender)
  scope: hub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
    principalId: senderPrincipalId
    principalType: senderPrincipalType
  }
}

output namespaceName string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output eventHubName string = hub.name
output consumerGroupName string = consumerGroup.name
