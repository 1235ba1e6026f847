// Parameters of a deployment of infra/main.bicep; every value not set here takes main.bicep's default.
// Override one on the command line: az deployment group create ... -p infra/main.bicepparam -p eventSenderPrincipalId=<id>
using 'main.bicep'

param appName = 'segfn'
param eventHubPartitionCount = 4
param eventHubName = 'customer-events'
param eventHubConsumerGroupName = 'segmentfunctions'
param cosmosThroughputMode = 'serverless'
param retrainSchedule = '0 0 3 * * *'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param dashboardOrigins = []
