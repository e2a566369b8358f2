using CertOrleans.Gateway;

var app = GatewayApplication.Build(args);
await app.RunAsync();
