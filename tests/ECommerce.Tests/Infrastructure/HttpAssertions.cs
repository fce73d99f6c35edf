using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ECommerce.Tests.Infrastructure;

/// <summary>What a client checks first in an answer: its status, and for a failure that it is problem details.</summary>
public static class HttpAssertions
{
    /// <summary>Asserts the status code, showing the body when it differs (a problem's detail says why).</summary>
    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {body}");
        }
    }

    /// <summary>
    /// GETs <paramref name="url"/> (accepting <paramref name="encoding"/>, if any) until a 200 comes from the output
    /// cache, as its <c>Age</c> header says; a catalog answer made a moment ago is evicted again a second later.
    /// </summary>
    public static async Task<HttpResponseMessage> GetFromCacheAsync(this HttpClient client, string url, string? encoding = null)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            }

            var answer = await client.SendAsync(request);
            answer.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            if (answer.Headers.Age is not null)
            {
                return answer;
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException($"{url} was not served from the cache within 5 s.");
    }

    /// <summary>Asserts a 200 and reads the body (snake_case), showing the body when the status is wrong.</summary>
    public static async Task<T> ShouldBeOkAsync<T>(this HttpResponseMessage response)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(ShopFixture.Json))!;
    }

    /// <summary>Asserts an RFC 9457 problem of <paramref name="status"/>, with a title and a detail, and returns its body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        await response.ShouldHaveStatusAsync(status);
        var body = await response.Content.ReadAsStringAsync();
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("status").GetInt32().ShouldBe((int)status, body);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace(body);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace(body);
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        return problem;
    }

    /// <summary>The property names of a JSON object, to compare with a contract's field list.</summary>
    public static IReadOnlyList<string> PropertyNames(this JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
