using Lab.EstServer.Faults;
using Microsoft.AspNetCore.Http.Features;

namespace Lab.EstServer.Est;

/// <summary>
/// HTTP binding of EST under /.well-known/est/[&lt;label&gt;/]&lt;operation&gt; (RFC 7030 §3.2.2): path and method
/// dispatch, body size limit, fault injection, response writing and one log line per request.
/// </summary>
internal sealed partial class EstEndpoints
{
    /// <summary>The well-known prefix (RFC 7030 §3.2.2).</summary>
    public const string Prefix = "/.well-known/est";

    private static readonly byte[] GarbageBody = "*** this is not base64: <html>Gateway says hello</html> ***\n"u8.ToArray();

    private readonly EstService _service;
    private readonly FaultInjector _faults;
    private readonly Func<EstPolicy> _policy;
    private readonly IReadOnlyDictionary<string, EstLabelPolicy> _labels;
    private readonly int _maxBodyBytes;
    private readonly ILogger _logger;

    public EstEndpoints(
        EstService service, FaultInjector faults, Func<EstPolicy> policy, IReadOnlyDictionary<string, EstLabelPolicy> labels,
        int maxBodyBytes, ILogger logger)
    {
        _service = service;
        _faults = faults;
        _policy = policy;
        _labels = labels;
        _maxBodyBytes = maxBodyBytes;
        _logger = logger;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.Map(Prefix + "/{**path}", HandleAsync);
    }

    private async Task HandleAsync(HttpContext context)
    {
        string path = (string?)context.GetRouteValue("path") ?? string.Empty;
        string[] segments = path.TrimEnd('/').Split('/');
        string? label = segments.Length == 2 ? segments[0] : null;
        EstOperation? operation = segments.Length is 1 or 2 ? EstOperationNames.Parse(segments[^1]) : null;
        if (operation is null || (label is not null && !_labels.ContainsKey(label)))
        {
            await WriteAsync(context, EstResponse.Text(404, operation is null ? "no such EST operation" : $"no such EST label '{label}'")).ConfigureAwait(false);
            return;
        }

        bool post = operation is EstOperation.SimpleEnroll or EstOperation.SimpleReenroll;
        string method = post ? HttpMethods.Post : HttpMethods.Get;
        if (!string.Equals(context.Request.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            EstResponse wrongMethod = EstResponse.Text(405, $"{EstOperationNames.Of(operation.Value)} takes {method}", new Dictionary<string, string> { ["Allow"] = method });
            await WriteAsync(context, wrongMethod).ConfigureAwait(false);
            return;
        }

        byte[]? body = post ? await ReadBodyAsync(context).ConfigureAwait(false) : [];
        if (body is null)
        {
            await WriteAsync(context, EstResponse.Text(413, $"the request body is larger than {_maxBodyBytes} bytes")).ConfigureAwait(false);
            return;
        }

        EstFault? before = _faults.Take(operation.Value, f => f.IsBeforeProcessing);
        if (before is not null)
        {
            switch (before.Kind)
            {
                case EstFaultKind.DropConnection:
                    LogRequest(_logger, context.Request.Method, context.Request.Path, 0, null, "fault: connection dropped");
                    context.Abort();
                    return;
                case EstFaultKind.InternalServerError:
                    await WriteAsync(context, EstResponse.Text(500, "fault: internal server error")).ConfigureAwait(false);
                    return;
                case EstFaultKind.ServiceUnavailable:
                    await WriteAsync(context, EstResponse.Unavailable(before.RetryAfter, "fault: service unavailable")).ConfigureAwait(false);
                    return;
                case EstFaultKind.Delay:
                    await Task.Delay(before.Delay, context.RequestAborted).ConfigureAwait(false);
                    break;
            }
        }

        EstPolicy policy = label is null ? _policy() : _labels[label].ApplyTo(_policy());
        EstResponse response = operation switch
        {
            EstOperation.CaCerts => _service.CaCerts(),
            EstOperation.CsrAttrs => _service.CsrAttrs(),
            _ => _service.Enroll(new EnrollmentRequest(
                operation.Value, label, policy, context.Request.Headers.Authorization.FirstOrDefault(),
                context.Connection.ClientCertificate, context.Request.ContentType, body)),
        };

        if (response.StatusCode == 200 && _faults.Take(operation.Value, f => !f.IsBeforeProcessing && !f.IsIssuance) is { } after)
        {
            response = Corrupt(response, after);
        }

        await WriteAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>The body, or null if it exceeds the limit (checked against Content-Length first, then while reading).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _maxBodyBytes)
        {
            return null;
        }

        IHttpMaxRequestBodySizeFeature? limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = null;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static EstResponse Corrupt(EstResponse response, EstFault fault) => fault.Kind switch
    {
        EstFaultKind.WrongContentType => response with { ContentType = "text/html; charset=utf-8", Reason = "fault: wrong content type" },
        EstFaultKind.GarbageBase64 => response with { Body = GarbageBody, Reason = "fault: garbage base64" },
        EstFaultKind.TruncatedBase64 => response with { Body = Truncate(response.Body), Reason = "fault: truncated base64" },
        EstFaultKind.OversizedBody => response with { Body = Oversized(fault.OversizedBytes), Reason = "fault: oversized body" },
        _ => response,
    };

    /// <summary>Cuts base64 text off part-way: the DER inside becomes incomplete and the length is not a multiple of 4.</summary>
    private static ReadOnlyMemory<byte> Truncate(ReadOnlyMemory<byte> body)
    {
        int length = body.Length / 2;
        while (length > 1 && (body.Span[length - 1] is (byte)'\n' || CountBase64(body.Span[..length]) % 4 == 0))
        {
            length--;
        }

        return body[..length];
    }

    private static int CountBase64(ReadOnlySpan<byte> text)
    {
        int count = 0;
        foreach (byte b in text)
        {
            if (b is not ((byte)'\n' or (byte)'\r'))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Valid base64 lines (of zero bytes), at least <paramref name="size"/> bytes of them.</summary>
    private static byte[] Oversized(int size) =>
        EstBase64.Encode(new byte[((size / (EstBase64.LineLength + 1)) + 1) * (EstBase64.LineLength / 4 * 3)]);

    private async Task WriteAsync(HttpContext context, EstResponse response)
    {
        HttpResponse http = context.Response;
        http.StatusCode = response.StatusCode;
        foreach ((string name, string value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (response.ContentType is not null)
        {
            http.ContentType = response.ContentType;
        }

        http.ContentLength = response.Body.Length;
        LogRequest(_logger, context.Request.Method, context.Request.Path, response.StatusCode, response.DeviceId, response.Reason);
        if (response.Body.Length > 0)
        {
            await http.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} -> {Status} device={Device}: {Reason}")]
    private static partial void LogRequest(ILogger logger, string method, PathString path, int status, string? device, string reason);
}
