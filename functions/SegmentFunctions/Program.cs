var builder = WebApplication.CreateSlimBuilder(args);

// The Functions host chooses the port and passes it to the child process; 7072 when run on its own.
var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? "7072";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var app = builder.Build();

// The host polls "/" until the handler answers.
app.MapGet("/", () => Results.Ok());

app.Run();
