using System.Net;
using Lab.EstServer.Storage;

namespace Lab.EstServer.Admin;

/// <summary>
/// The JSON admin API under /admin/: devices, approvals, the issuance log, the policy and fault injection. It
/// answers only clients on loopback (403 otherwise), whatever address the server is bound to. Secrets are
/// accepted, hashed and never returned or logged.
/// </summary>
internal sealed partial class AdminEndpoints
{
    private readonly EstServerHost _host;
    private readonly ILogger _logger;

    public AdminEndpoints(EstServerHost host, ILogger logger)
    {
        _host = host;
        _logger = logger;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder admin = routes.MapGroup("/admin");
        admin.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                ? await next(context).ConfigureAwait(false)
                : Results.Problem("the admin API answers loopback clients only", statusCode: 403));

        admin.MapGet("/ca", () => CaView.Of(_host.Ca, _host.ServerCertificate));
        admin.MapPost("/ca/rollover-root", (RootRolloverRequest? request) =>
            ChangeCa(() => _host.RollOverRoot(request?.ReissueServerCertificate ?? false), "rolled over the root CA"));
        admin.MapPost("/ca/rollover-issuing", () => ChangeCa(_host.RollOverIssuingCa, "rolled over the issuing CA"));
        admin.MapPost("/ca/retire-old-root", () => ChangeCa(_host.RetireOldRoot, "retired the old root CA"));

        admin.MapGet("/crl", () => Results.File(_host.ExportCrl(), "application/pkix-crl", "issuing-ca.crl"));   // RFC 2585 §4.2
        admin.MapGet("/devices", () => _host.Devices.List());
        admin.MapPost("/devices", (DeviceRegistration registration) =>
        {
            if (registration is null || !DeviceRegistry.IsValidId(registration.Id) || string.IsNullOrEmpty(registration.Secret))
            {
                return Results.Problem("give an id (letters, digits, '.', '_', '-', at most 128) and a non-empty secret", statusCode: 400);
            }

            DeviceRecord device = _host.Devices.Register(registration.Id, registration.Secret);
            LogAdmin(_logger, "registered device (secret set)", device.Id);
            return Results.Created($"/admin/devices/{device.Id}", device);
        });
        admin.MapGet("/devices/{id}", (string id) => _host.Devices.Find(id) is { } device
            ? Results.Ok(new DeviceDetails(device, [.. _host.Issued.ForDevice(id).Select(IssuedView.Of)]))
            : Results.NotFound());
        admin.MapPost("/devices/{id}/revoke", (string id) => Decide(_host.Devices.Revoke(id), "revoked device", id, () => _host.Devices.Find(id)));
        admin.MapPost("/devices/{id}/reinstate", (string id) => Decide(_host.Devices.Reinstate(id), "reinstated device", id, () => _host.Devices.Find(id)));

        admin.MapGet("/pending", (string? status) => status is null
            ? Results.Ok(_host.Approvals.List())
            : Enum.TryParse(status, ignoreCase: true, out PendingStatus parsed) && Enum.IsDefined(parsed)
                ? Results.Ok(_host.Approvals.List(parsed))
                : Results.Problem("status is pending, approved, rejected or issued", statusCode: 400));
        admin.MapPost("/pending/{id:long}/approve", (long id) => Decide(_host.Approvals.Approve(id), "approved request", id.ToString(System.Globalization.CultureInfo.InvariantCulture), () => _host.Approvals.Find(id)));
        admin.MapPost("/pending/{id:long}/reject", (long id) => Decide(_host.Approvals.Reject(id), "rejected request", id.ToString(System.Globalization.CultureInfo.InvariantCulture), () => _host.Approvals.Find(id)));

        admin.MapGet("/issued", (string? device) =>
            (device is null ? _host.Issued.List() : _host.Issued.ForDevice(device)).Select(IssuedView.Of).ToList());

        admin.MapGet("/policy", () => PolicyView.Of(_host.Policy));
        admin.MapPut("/policy", (PolicyView change) =>
        {
            try
            {
                _host.Policy = change.ApplyTo(_host.Policy);
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: 400);
            }

            LogAdmin(_logger, "changed policy", _host.Policy);
            return Results.Ok(PolicyView.Of(_host.Policy));
        });

        admin.MapGet("/faults", () => _host.Faults.Pending().Select(f => FaultView.Of(f.Fault, f.Remaining)).ToList());
        admin.MapPost("/faults", (FaultView request) =>
        {
            Faults.EstFault fault;
            try
            {
                fault = request.ToFault();
                _host.Faults.Inject(fault);
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: 400);
            }

            LogAdmin(_logger, "queued fault", fault);
            return Results.Ok(_host.Faults.Pending().Select(f => FaultView.Of(f.Fault, f.Remaining)).ToList());
        });
        admin.MapDelete("/faults", () =>
        {
            _host.Faults.Clear();
            return Results.NoContent();
        });
    }

    /// <summary>Runs a CA command: 200 with the new CA view, or 409 when the command does not fit the state.</summary>
    private IResult ChangeCa(Action change, string what)
    {
        try
        {
            change();
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(e.Message, statusCode: 409);
        }

        LogAdmin(_logger, what, _host.RootCertificate.Subject);
        return Results.Ok(CaView.Of(_host.Ca, _host.ServerCertificate));
    }

    private IResult Decide<T>(bool done, string what, string id, Func<T> current)
    {
        if (!done)
        {
            return Results.NotFound();
        }

        LogAdmin(_logger, what, id);
        return Results.Ok(current());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "admin: {What} {Subject}")]
    private static partial void LogAdmin(ILogger logger, string what, object subject);
}
