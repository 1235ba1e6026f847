// Cosmos DB (NoSQL) account, database and the feature container. Local (key) auth is disabled: the app reaches it with
// its identity through the built-in data-plane role. The container is read by point reads, the read feed and the
// change feed only, so its indexing policy indexes nothing but the partition key. The suppression list is one logical
// partition queried by id, so it indexes ids only.

@description('Name of the Cosmos DB account (3-44 lower-case letters, digits and hyphens).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Name of the SQL database.')
param databaseName string

@description('Name of the feature container.')
param containerName string

@description('Name of the suppression-list container (erased customer ids).')
param suppressionContainerName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('serverless: pay per request (default); autoscale: provisioned throughput on the container that scales between 10% and 100% of autoscaleMaxThroughput.')
@allowed([
  'serverless'
  'autoscale'
])
param throughputMode string

@description('Maximum RU/s of the container in autoscale mode (ignored when serverless).')
@minValue(1000)
param autoscaleMaxThroughput int

@description('Principal id of the function app identity.')
param appPrincipalId string

// Built-in Cosmos DB data-plane role: Cosmos DB Built-in Data Contributor.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: throughputMode == 'serverless'
      ? [
          {
            name: 'EnableServerless'
          }
        ]
      : []
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: {
        paths: [
          '/customerId'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/customerId/?'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
      }
    }
    options: throughputMode == 'autoscale'
      ? {
          autoscaleSettings: {
            maxThroughput: autoscaleMaxThroughput
          }
        }
      : {}
  }
}

resource suppressionContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: suppressionContainerName
  properties: {
    resource: {
      id: suppressionContainerName
      partitionKey: {
        paths: [
          '/list'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/id/?'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
      }
    }
  }
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, appPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: appPrincipalId
    scope: account.id
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerName string = container.name
