"""A tiny GraphQL client: POST to CLEARWAY_API_URL/graphql with the user's session cookies."""
from .client import GqlResult, api_url, execute

__all__ = ["GqlResult", "api_url", "execute"]
