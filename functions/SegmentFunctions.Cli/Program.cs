using System.CommandLine;

var root = new RootCommand("segment: customer segmentation and churn scoring");
return await root.Parse(args).InvokeAsync();
